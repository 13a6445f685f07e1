/**
 * Reading features back: the online store's client interface and the values it returns, and the handles
 * ({@link dev.freshet.api.online.FeatureSetHandle}, {@link dev.freshet.api.online.FeatureHandle}) the annotation
 * processor generates so that feature sets and features are named by checked constants.
 */
package dev.freshet.api.online;
