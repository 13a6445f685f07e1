package dev.freshet.core.window;

/**
 * One tile: level {@code level} of a {@link TilePlan} (an index into its sizes), covering event times
 * {@code [index × size, (index + 1) × size)} in epoch milliseconds.
 *
 * @param level level of the plan
 * @param index position of the tile in that level
 */
public record TileRef(int level, long index) {
}
