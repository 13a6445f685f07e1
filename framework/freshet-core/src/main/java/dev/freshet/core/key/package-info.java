/** Entity keys: the one encoding every store and job groups entities by. */
package dev.freshet.core.key;
