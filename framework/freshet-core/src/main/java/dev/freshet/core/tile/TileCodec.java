package dev.freshet.core.tile;

import java.nio.ByteBuffer;

/** The bytes of one partial aggregate in stores (Redis hash values, Delta columns): its slots, big-endian. */
public final class TileCodec {

    private TileCodec() {}

    /** The bytes of {@code partial}. */
    public static byte[] encode(long[] partial) {
        ByteBuffer b = ByteBuffer.allocate(partial.length * Long.BYTES);
        for (long slot : partial) {
            b.putLong(slot);
        }
        return b.array();
    }

    /**
     * The partial aggregate {@code bytes} hold.
     *
     * @throws IllegalArgumentException if they are not {@code width} slots (the definition changed)
     */
    public static long[] decode(byte[] bytes, int width) {
        if (bytes.length != width * Long.BYTES) {
            String has = bytes.length % Long.BYTES == 0 ? bytes.length / Long.BYTES + " slots"
                    : bytes.length + " bytes";
            throw new IllegalArgumentException("a stored tile has " + has + ", but the feature set's aggregations need "
                    + width + " slots: the aggregations changed since it was written");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long[] partial = new long[width];
        for (int i = 0; i < width; i++) {
            partial[i] = b.getLong();
        }
        return partial;
    }
}
