
/** bite: java.util.Scanner's reading methods over a byte buffer, for the whitespace-separated tokens and the lines
 * of standard input that Scanner would give, without its regular expressions. */
final class BiteScanner implements java.io.Closeable {
    private final java.io.InputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int start, end; // the unread bytes: buffer[start, end)
    private boolean ended;

    BiteScanner(java.io.InputStream in) {
        this.in = in;
    }

    /** Whether `count` unread bytes are at hand, reading more (and making room) as needed. */
    private boolean have(int count) {
        while (end - start < count && !ended) {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.length) buffer = java.util.Arrays.copyOf(buffer, 2 * buffer.length);
            try {
                int read = in.read(buffer, end, buffer.length - end);
                if (read < 0) ended = true;
                else end += read;
            } catch (java.io.IOException e) {
                ended = true;
            }
        }
        return end - start >= count;
    }

    private static boolean space(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == 0x0B;
    }

    /** Where the next token starts, from the first unread byte, or -1 at the end of the input; reads nothing. */
    private int tokenAt() {
        for (int i = 0; have(i + 1); i++) if (!space(buffer[start + i])) return i;
        return -1;
    }

    private int tokenEnd(int at) {
        int i = at;
        while (have(i + 1) && !space(buffer[start + i])) i++;
        return i;
    }

    private String peek() {
        int at = tokenAt();
        return at < 0 ? null : new String(buffer, start + at, tokenEnd(at) - at, java.nio.charset.StandardCharsets.UTF_8);
    }

    public boolean hasNext() {
        return tokenAt() >= 0;
    }

    public String next() {
        int at = tokenAt();
        if (at < 0) throw new java.util.NoSuchElementException();
        int to = tokenEnd(at);
        String token = new String(buffer, start + at, to - at, java.nio.charset.StandardCharsets.UTF_8);
        start += to;
        return token;
    }

    public int nextInt() {
        return Integer.parseInt(next());
    }

    public long nextLong() {
        return Long.parseLong(next());
    }

    public double nextDouble() {
        return Double.parseDouble(next());
    }

    public boolean hasNextInt() {
        String token = peek();
        if (token == null) return false;
        try {
            Integer.parseInt(token);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public boolean hasNextLong() {
        String token = peek();
        if (token == null) return false;
        try {
            Long.parseLong(token);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public boolean hasNextLine() {
        return have(1);
    }

    /** The rest of the current line, without its \n or \r\n. */
    public String nextLine() {
        if (!have(1)) throw new java.util.NoSuchElementException("No line found");
        int i = 0;
        while (have(i + 1) && buffer[start + i] != '\n') i++;
        int length = i > 0 && buffer[start + i - 1] == '\r' ? i - 1 : i;
        String line = new String(buffer, start, length, java.nio.charset.StandardCharsets.UTF_8);
        start += have(i + 1) ? i + 1 : i;
        return line;
    }

    public void close() {
    }
}
