/** Cron schedules of offline ingestion, parsed the same way by the processor and the runtime scheduler. */
package dev.freshet.core.schedule;
