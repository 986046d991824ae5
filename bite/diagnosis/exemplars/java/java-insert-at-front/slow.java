public class Reverse {
    // bite-exemplar: begin
    static String reversed(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            out.insert(0, text.charAt(i));
        }
        return out.toString();
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        char[] letters = new char[240000];
        for (int i = 0; i < letters.length; i++) letters[i] = (char) ('a' + i * 7 % 26);
        String back = reversed(new String(letters));
        System.out.println(back.hashCode());
        System.out.println(back.substring(0, 20));
    }
}
