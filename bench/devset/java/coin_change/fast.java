import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringTokenizer;

public class CoinChange {
    static final int UNPAYABLE = 1 << 30;

    private final int[] fewest; // fewest[a]: fewest coins paying a exactly

    CoinChange(List<Integer> coins, int maxAmount) {
        fewest = new int[maxAmount + 1];
        Arrays.fill(fewest, 1, maxAmount + 1, UNPAYABLE);
        for (int coin : coins) {
            for (int a = coin; a <= maxAmount; a++) {
                int viaCoin = fewest[a - coin] + 1;
                if (viaCoin < fewest[a]) {
                    fewest[a] = viaCoin;
                }
            }
        }
    }

    int coinsFor(int amount) {
        return fewest[amount];
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        List<Integer> coins = new ArrayList<>();
        StringTokenizer line = new StringTokenizer(in.readLine());
        while (line.hasMoreTokens()) {
            int coin = Integer.parseInt(line.nextToken());
            if (coin > 0 && !coins.contains(coin)) {
                coins.add(coin);
            }
        }
        List<Integer> amounts = new ArrayList<>();
        int maxAmount = 0;
        for (String s = in.readLine(); s != null; s = in.readLine()) {
            if (!s.isBlank()) {
                int amount = Integer.parseInt(s.trim());
                amounts.add(amount);
                maxAmount = Math.max(maxAmount, amount);
            }
        }

        CoinChange table = new CoinChange(coins, maxAmount);
        StringBuilder out = new StringBuilder();
        out.append(coins.size()).append(" coin kinds, amounts up to ").append(maxAmount).append('\n');
        int unpayable = 0;
        long total = 0;
        for (int amount : amounts) {
            int count = table.coinsFor(amount);
            if (count == UNPAYABLE) {
                unpayable++;
                out.append(amount).append(": cannot be paid exactly\n");
            } else {
                total += count;
                out.append(amount).append(": ").append(count).append(" coins\n");
            }
        }
        out.append(unpayable).append(" amounts cannot be paid, ").append(total).append(" coins for the rest\n");
        System.out.print(out);
    }
}
