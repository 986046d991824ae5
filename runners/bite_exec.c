/* bite-exec: the small launcher every sandboxed run goes through.
 *
 * Outside the sandbox it joins cgroups and pins the CPU, then execs the next
 * command (bwrap). Inside (--report FD) it applies rlimits, runs the program as
 * its child and writes the child's rusage to FD, because wait4() on bwrap only
 * sees bwrap's own few milliseconds, not the program's CPU time.
 *
 * usage: bite-exec [--cgroup DIR]... [--cpu-affinity N] [--report FD]
 *                  [--rlimit-cpu S] [--rlimit-as B] [--rlimit-fsize B]
 *                  [--rlimit-nofile N] [--rlimit-nproc N] -- CMD ARGS...
 * report line: "exit=<code> signal=<sig> utime_us=<n> stime_us=<n> maxrss_kb=<n> wall_us=<n>\n"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void set_limit(int resource, const char *value) {
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = strtoull(value, NULL, 10);
    if (resource == RLIMIT_CPU) rl.rlim_max = rl.rlim_cur + 1; /* SIGXCPU first, then SIGKILL */
    if (setrlimit(resource, &rl) != 0) {
        fprintf(stderr, "bite-exec: setrlimit(%d): %s\n", resource, strerror(errno));
        exit(125);
    }
}

static void join_cgroup(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    int fd = open(path, O_WRONLY);
    if (fd < 0 || write(fd, "0", 1) != 1) {
        fprintf(stderr, "bite-exec: cannot join cgroup %s: %s\n", dir, strerror(errno));
        exit(125);
    }
    close(fd);
}

static long long now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int main(int argc, char **argv) {
    int report_fd = -1, i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
        if (i + 1 >= argc) { fprintf(stderr, "bite-exec: %s needs a value\n", argv[i]); return 125; }
        const char *opt = argv[i], *val = argv[i + 1];
        if (!strcmp(opt, "--cgroup")) join_cgroup(val);
        else if (!strcmp(opt, "--cpu-affinity")) {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(atoi(val), &set);
            sched_setaffinity(0, sizeof set, &set); /* best effort: the CPU may be offline */
        }
        else if (!strcmp(opt, "--report")) report_fd = atoi(val);
        else if (!strcmp(opt, "--rlimit-cpu")) set_limit(RLIMIT_CPU, val);
        else if (!strcmp(opt, "--rlimit-as")) set_limit(RLIMIT_AS, val);
        else if (!strcmp(opt, "--rlimit-fsize")) set_limit(RLIMIT_FSIZE, val);
        else if (!strcmp(opt, "--rlimit-nofile")) set_limit(RLIMIT_NOFILE, val);
        else if (!strcmp(opt, "--rlimit-nproc")) set_limit(RLIMIT_NPROC, val);
        else { fprintf(stderr, "bite-exec: unknown option %s\n", opt); return 125; }
    }
    if (i + 1 >= argc) { fprintf(stderr, "bite-exec: no command after --\n"); return 125; }
    char **cmd = argv + i + 1;
    struct rlimit core = {0, 0};
    setrlimit(RLIMIT_CORE, &core);

    if (report_fd < 0) {
        execvp(cmd[0], cmd);
        fprintf(stderr, "bite-exec: cannot run %s: %s\n", cmd[0], strerror(errno));
        return 127;
    }

    fcntl(report_fd, F_SETFD, FD_CLOEXEC); /* the program must not see the report pipe */
    long long start = now_us();
    pid_t pid = fork();
    if (pid < 0) { perror("bite-exec: fork"); return 125; }
    if (pid == 0) {
        execvp(cmd[0], cmd);
        fprintf(stderr, "bite-exec: cannot run %s: %s\n", cmd[0], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) { perror("bite-exec: wait4"); return 125; }
    }
    long long wall = now_us() - start;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    dprintf(report_fd, "exit=%d signal=%d utime_us=%lld stime_us=%lld maxrss_kb=%ld wall_us=%lld\n", code, sig,
            (long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec,
            (long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec, ru.ru_maxrss, wall);
    return sig ? 128 + sig : code;
}
