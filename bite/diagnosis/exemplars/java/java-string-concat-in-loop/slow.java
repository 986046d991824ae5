public class JoinIds {
    // bite-exemplar: begin
    static String joinIds(int[] ids) {
        String out = "";
        for (int id : ids) {
            out += id + ",";
        }
        return out;
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
