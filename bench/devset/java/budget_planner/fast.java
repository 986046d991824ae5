import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public class BudgetPlanner {
    record Project(String name, int cost, long value) {}

    private final List<Project> projects;
    private final long[][] memo; // memo[i][remaining]: best(i, remaining), or -1 before it is known

    BudgetPlanner(List<Project> projects, int budget) {
        this.projects = projects;
        this.memo = new long[projects.size()][budget + 1];
        for (long[] row : memo) {
            Arrays.fill(row, -1);
        }
    }

    /** The largest total value of projects from index i on that fits in the remaining budget. */
    long best(int i, int remaining) {
        if (i == projects.size()) {
            return 0;
        }
        if (memo[i][remaining] >= 0) {
            return memo[i][remaining];
        }
        long result = best(i + 1, remaining);
        Project p = projects.get(i);
        if (p.cost() <= remaining) {
            result = Math.max(result, p.value() + best(i + 1, remaining - p.cost()));
        }
        memo[i][remaining] = result;
        return result;
    }

    /** The projects of one best plan, in input order. */
    List<Project> plan(int budget) {
        List<Project> chosen = new ArrayList<>();
        int remaining = budget;
        for (int i = 0; i < projects.size(); i++) {
            Project p = projects.get(i);
            if (p.cost() <= remaining && best(i, remaining) != best(i + 1, remaining)) {
                chosen.add(p);
                remaining -= p.cost();
            }
        }
        return chosen;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String[] header = in.readLine().trim().split("\\s+");
        int budget = Integer.parseInt(header[0]);
        int count = Integer.parseInt(header[1]);
        List<Project> projects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] f = in.readLine().trim().split("\\s+");
            projects.add(new Project(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2])));
        }

        BudgetPlanner planner = new BudgetPlanner(projects, budget);
        long value = planner.best(0, budget);
        List<Project> chosen = planner.plan(budget);
        int spent = 0;
        for (Project p : chosen) {
            spent += p.cost();
        }
        StringBuilder out = new StringBuilder();
        out.append("budget ").append(budget).append(", ").append(count).append(" proposals\n");
        out.append("best value ").append(value).append(", spending ").append(spent).append('\n');
        for (Project p : chosen) {
            out.append(String.format("  %-20s cost %6d value %8d%n", p.name(), p.cost(), p.value()));
        }
        System.out.print(out);
    }
}
