public class Labels {
    // bite-exemplar: begin
    static String labels(int[] ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append("item-").append(id).append(';');
        }
        return out.toString();
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] ids = new int[280000];
        for (int i = 0; i < ids.length; i++) ids[i] = i * 7919 % 100000;
        String text = labels(ids);
        System.out.println(text.length());
        System.out.println(text.hashCode());
    }
}
