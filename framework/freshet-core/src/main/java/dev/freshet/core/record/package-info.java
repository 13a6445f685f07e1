/**
 * Reading source records strictly: every member is checked against its declared type, so that a wrong-typed value is
 * dead-lettered with a reason instead of becoming a silent null.
 */
package dev.freshet.core.record;
