/**
 * Reading features back: the online store's client interface and the values it returns.
 */
package dev.freshet.api.online;
