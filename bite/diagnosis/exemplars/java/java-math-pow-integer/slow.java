public class CubeSum {
    // bite-exemplar: begin
    static long sumOfCubes(int[] sides) {
        long total = 0;
        for (int side : sides) {
            total += (long) Math.pow(side, 3);
        }
        return total;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] sides = new int[1 << 16];
        for (int i = 0; i < sides.length; i++) sides[i] = i * 7919 % 20000;
        long checksum = 0;
        for (int round = 0; round < 400; round++) checksum += sumOfCubes(sides) % 1000003;
        System.out.println(checksum);
    }
}
