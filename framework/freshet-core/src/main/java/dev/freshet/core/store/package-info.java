/**
 * The online store as the jobs see it: store-neutral writes ({@link dev.freshet.core.store.EntityWrite},
 * {@link dev.freshet.core.store.TileWrite}) and the writers an {@link dev.freshet.core.store.OnlineStore} makes.
 */
package dev.freshet.core.store;
