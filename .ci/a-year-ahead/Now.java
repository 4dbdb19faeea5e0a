/** Prints the JVM's idea of now, so that .ci/run shows the shifted clock it tests with. */
class Now {
    public static void main(String[] args) {
        System.out.println(java.time.Instant.now());
    }
}
