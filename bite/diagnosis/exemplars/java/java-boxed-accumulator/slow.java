public class Checksum {
    // bite-exemplar: begin
    static int checksum(int[] packet) {
        Integer total = 0;
        for (int b : packet) {
            total += b ^ (b >>> 3);
        }
        return total;
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] packet = new int[1 << 13];
        for (int i = 0; i < packet.length; i++) packet[i] = i * 40503 & 0xffff;
        long sum = 0;
        for (int round = 0; round < 45000; round++) sum += checksum(packet) & 0xfffff;
        System.out.println(sum);
    }
}
