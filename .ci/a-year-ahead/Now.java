/** Prints the JVM's idea of now in seconds since the epoch, so that ./test can check the clock it shifts. */
class Now {
    public static void main(String[] args) {
        System.out.println(java.time.Instant.now().getEpochSecond());
    }
}
