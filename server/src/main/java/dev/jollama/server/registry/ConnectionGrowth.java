package dev.jollama.server.registry;

/**
 * How many connections a download uses, chosen from the rate it measures: it starts with a few and doubles them
 * while doubling raised the rate by at least 30%, up to the most allowed. From a far CDN each connection is
 * limited by its round trips and many together go faster (Ollama always opens 16); on loopback or a LAN a couple
 * already carry what the machine can take, and more only add work for the same CPU.
 */
final class ConnectionGrowth {
    /** How long a connection count is measured before deciding. */
    static final long WINDOW_NANOS = 1_000_000_000L;
    private static final double GAIN = 1.3;

    private final int most;
    private int connections;
    private long windowStart;
    private long windowBytes;
    private double previousRate = -1;
    private boolean settled;

    ConnectionGrowth(int most, int start, long now, long bytes) {
        this.most = Math.max(1, most);
        this.connections = Math.clamp(start, 1, this.most);
        this.windowStart = now;
        this.windowBytes = bytes;
    }

    int connections() {
        return connections;
    }

    /** Given the time and the bytes received so far, the number of connections to have now. */
    int update(long now, long bytes) {
        if (settled || connections >= most || now - windowStart < WINDOW_NANOS) return connections;
        double rate = (bytes - windowBytes) / (double) (now - windowStart);
        windowStart = now;
        windowBytes = bytes;
        if (previousRate >= 0 && rate < previousRate * GAIN) {
            settled = true;
            return connections;
        }
        previousRate = rate;
        connections = Math.min(most, connections * 2);
        return connections;
    }
}
