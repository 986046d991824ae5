public class PrintSquares {
    // bite-exemplar: begin
    static void printSquares(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            out.append((long) i * i % 97).append('\n');
        }
        System.out.print(out);
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        printSquares(650000);
    }
}
