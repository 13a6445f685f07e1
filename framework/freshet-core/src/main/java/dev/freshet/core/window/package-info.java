/** Windows and the tile ladder: which tiles an event updates, which tiles a read merges, which tiles to keep. */
package dev.freshet.core.window;
