package dev.freshet.core.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bytes of one partial aggregate in stores. */
class TileCodecTest {

    @Test
    void decodesWhatItEncoded() {
        Random random = new Random(8);
        for (int i = 0; i < 200; i++) {
            long[] partial = new long[random.nextInt(12)];
            for (int s = 0; s < partial.length; s++) {
                partial[s] = switch (random.nextInt(4)) {
                    case 0 -> Long.MIN_VALUE;
                    case 1 -> Double.doubleToRawLongBits(Double.NaN);
                    case 2 -> -1;
                    default -> random.nextLong();
                };
            }

            assertThat(TileCodec.decode(TileCodec.encode(partial), partial.length)).containsExactly(partial);
        }
    }

    @Test
    void writesEightBigEndianBytesPerSlot() {
        assertThat(TileCodec.encode(new long[] {1, -2}))
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 1, -1, -1, -1, -1, -1, -1, -1, -2);
    }

    @Test
    void refusesBytesOfAnotherWidth() {
        byte[] threeSlots = TileCodec.encode(new long[] {1, 2, 3});

        assertThatIllegalArgumentException().isThrownBy(() -> TileCodec.decode(threeSlots, 4))
                .withMessage("a stored tile has 3 slots, but the feature set's aggregations need 4 slots: the"
                        + " aggregations changed since it was written");
    }

    @Test
    void refusesBytesThatAreNotWholeSlots() {
        assertThatIllegalArgumentException().isThrownBy(() -> TileCodec.decode(new byte[17], 2))
                .withMessage("a stored tile has 17 bytes, but the feature set's aggregations need 2 slots: the"
                        + " aggregations changed since it was written");
    }
}
