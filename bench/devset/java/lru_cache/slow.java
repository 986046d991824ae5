import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringTokenizer;

public class LruCache {
    private final int capacity;
    private final Map<String, Long> sizes = new HashMap<>(); // cached object -> bytes
    private final List<String> order = new ArrayList<>(); // least recently used first
    long hits, misses, evictions, bytesServed, bytesFetched;

    LruCache(int capacity) {
        this.capacity = capacity;
    }

    void request(String key, long size) {
        bytesServed += size;
        if (sizes.containsKey(key)) {
            hits++;
            order.remove(key);
            order.add(key);
            return;
        }
        misses++;
        bytesFetched += size;
        if (sizes.size() == capacity) {
            String eldest = order.remove(0);
            sizes.remove(eldest);
            evictions++;
        }
        sizes.put(key, size);
        order.add(key);
    }

    /** The most recently used keys, newest first. */
    List<String> newest(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = order.size() - 1; i >= 0 && keys.size() < count; i--) {
            keys.add(order.get(i));
        }
        return keys;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int capacity = Integer.parseInt(in.readLine().trim());
        LruCache cache = new LruCache(capacity);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            StringTokenizer t = new StringTokenizer(line);
            if (t.countTokens() == 2) {
                cache.request(t.nextToken(), Long.parseLong(t.nextToken()));
            }
        }
        long requests = cache.hits + cache.misses;
        StringBuilder out = new StringBuilder();
        out.append("capacity ").append(capacity).append(" objects, ").append(requests).append(" requests\n");
        out.append("hits ").append(cache.hits).append(", misses ").append(cache.misses).append(", evictions ")
                .append(cache.evictions).append('\n');
        out.append(String.format("hit ratio %.4f, byte hit ratio %.4f%n", (double) cache.hits / requests,
                1 - (double) cache.bytesFetched / cache.bytesServed));
        out.append("most recent:");
        for (String key : cache.newest(8)) {
            out.append(' ').append(key);
        }
        out.append('\n');
        System.out.print(out);
    }
}
