public class PrintSquares {
    // bite-exemplar: begin
    static void printSquares(int n) {
        for (int i = 1; i <= n; i++) {
            System.out.println((long) i * i % 97);
        }
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        printSquares(650000);
    }
}
