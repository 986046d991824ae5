/* bite-exec: the small launcher every sandboxed run goes through.
 *
 * Outside the sandbox it joins cgroups and pins the CPU, then execs the next
 * command (bwrap). Inside (--report FD --go FD) it applies rlimits, makes itself
 * non-dumpable (the program runs with its uid, and must not reach its fds through
 * /proc), writes "ready" to the report FD and waits for one byte on the go FD: the
 * runner reads the cgroup's CPU counter in between, after the sandbox's setup.
 * Then it runs the program as its child and writes the child's exit status to the
 * report FD. The rusage in the report (the child's, plus that of any orphaned
 * descendant that had exited by then, reaped as a subreaper) is the CPU time only
 * where no cgroup counts it.
 *
 * usage: bite-exec [--cgroup DIR]... [--cpu-affinity N] [--report FD --go FD]
 *                  [--rlimit-cpu S] [--rlimit-as B] [--rlimit-fsize B]
 *                  [--rlimit-nofile N] [--rlimit-nproc N] -- CMD ARGS...
 * report: "ready\n", then "exit=<code> signal=<sig> utime_us=<n> stime_us=<n> maxrss_kb=<n>\n"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
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

static long long micros(struct timeval tv) { return (long long)tv.tv_sec * 1000000 + tv.tv_usec; }

int main(int argc, char **argv) {
    int report_fd = -1, go_fd = -1, i = 1;
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
        else if (!strcmp(opt, "--go")) go_fd = atoi(val);
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

    /* The program must see neither pipe, nor open them through /proc/<our pid>/fd. */
    fcntl(report_fd, F_SETFD, FD_CLOEXEC);
    if (go_fd >= 0) fcntl(go_fd, F_SETFD, FD_CLOEXEC);
    if (prctl(PR_SET_DUMPABLE, 0) != 0) { perror("bite-exec: prctl"); return 125; }
    prctl(PR_SET_CHILD_SUBREAPER, 1); /* orphans come to us, so that their rusage can be counted */
    if (go_fd >= 0) {
        char go;
        if (dprintf(report_fd, "ready\n") < 0 || read(go_fd, &go, 1) != 1) return 125; /* the runner gave up */
        close(go_fd);
    }
    pid_t pid = fork();
    if (pid < 0) { perror("bite-exec: fork"); return 125; }
    if (pid == 0) {
        execvp(cmd[0], cmd);
        fprintf(stderr, "bite-exec: cannot run %s: %s\n", cmd[0], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage ru, orphan;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) { perror("bite-exec: wait4"); return 125; }
    }
    long long utime = micros(ru.ru_utime), stime = micros(ru.ru_stime);
    long maxrss = ru.ru_maxrss;
    int ignored;
    while (wait4(-1, &ignored, WNOHANG, &orphan) > 0) { /* descendants that exited unreaped */
        utime += micros(orphan.ru_utime);
        stime += micros(orphan.ru_stime);
        if (orphan.ru_maxrss > maxrss) maxrss = orphan.ru_maxrss;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    dprintf(report_fd, "exit=%d signal=%d utime_us=%lld stime_us=%lld maxrss_kb=%ld\n", code, sig, utime, stime,
            maxrss);
    return sig ? 128 + sig : code;
}
