/** Durations as users write them in annotations and properties: {@code "5s"}, {@code "1m"}, {@code "7d"}. */
package dev.freshet.core.time;
