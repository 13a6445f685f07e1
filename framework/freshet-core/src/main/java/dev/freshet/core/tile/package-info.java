/**
 * Per-key tile state: the event-time policy that decides, in offset order, which events are late or too far in the
 * future; the tiles the accepted events update; and the read that merges tiles into feature values.
 */
package dev.freshet.core.tile;
