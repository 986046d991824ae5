public class JoinIds {
    // bite-exemplar: begin
    static String joinIds(int[] ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append(id).append(',');
        }
        return out.toString();
    }
    // bite-exemplar: end

    public static void main(String[] args) {
        int[] ids = new int[36000];
        for (int i = 0; i < ids.length; i++) ids[i] = i * 7919 % 100000;
        String joined = joinIds(ids);
        System.out.println(joined.length());
        System.out.println(joined.hashCode());
    }
}
