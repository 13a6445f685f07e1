package dev.freshet.boot;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.job.SupervisedJob;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Everything a run puts out, captured for a test that checks what it may not contain: {@code System.out} and
 * {@code System.err} (Spark's, Lettuce's and Spring's console output included), every logging event of the JVM with its
 * throwable and causes (with {@code dev.freshet}, {@code io.lettuce} and Spring Data Redis at DEBUG), the plans of
 * every Spark SQL execution and query, streaming progress, and texts the test adds (HTTP responses, exceptions).
 * Further loggers may be put at DEBUG for one run ({@code org.apache.kafka} for a run that authenticates to Kafka).
 *
 * <p>Spring Boot re-initializes logging when an application starts, which drops appenders added before: give the
 * application {@link #reattachment()}, which calls {@link #attachToLogging()} again once it has. {@link #close()} puts
 * {@code System.out}, {@code System.err}, the log levels and Spark's listeners back.
 */
final class RunOutput implements AutoCloseable {

    private static final List<String> DEBUG_LOGGERS = List.of("dev.freshet", "io.lettuce", "org.springframework.data.redis",
            "org.springframework.boot.data.redis");

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final StringBuffer logs = new StringBuffer();
    private final StringBuffer spark = new StringBuffer();
    private final StringBuffer added = new StringBuffer();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final Map<String, Level> originalLevels = new LinkedHashMap<>();
    private final Appender appender = new Appender();
    private final SparkSession session;
    private final List<String> debugLoggers;
    private final HttpClient http = HttpClient.newHttpClient();
    private final SparkListener sqlListener = new SqlListener();
    private final QueryExecutionListener executionListener = new ExecutionListener();
    private final StreamingQueryListener progressListener = new ProgressListener();

    private RunOutput(SparkSession session, List<String> debugLoggers) {
        this.session = session;
        this.debugLoggers = debugLoggers;
    }

    /**
     * Starts capturing, with {@code moreDebugLoggers} at DEBUG too; Spark's listeners go on {@code session} (before the
     * queries start, so that they see them).
     */
    static RunOutput start(SparkSession session, String... moreDebugLoggers) {
        List<String> debug = new ArrayList<>(DEBUG_LOGGERS);
        debug.addAll(List.of(moreDebugLoggers));
        RunOutput output = new RunOutput(session, List.copyOf(debug));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : output.debugLoggers) {
            output.originalLevels.put(name, context.getLogger(name).getLevel());
        }
        output.attachToLogging();
        System.setOut(new PrintStream(new Tee(output.originalOut, output.console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(output.originalErr, output.console), true, StandardCharsets.UTF_8));
        session.sparkContext().addSparkListener(output.sqlListener);
        session.listenerManager().register(output.executionListener);
        session.streams().addListener(output.progressListener);
        return output;
    }

    /** (Re)attaches the capturing appender to the root logger and sets the DEBUG levels. */
    void attachToLogging() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(Appender.NAME) == null) {
            appender.setContext(context);
            appender.start();
            root.addAppender(appender);
        }
        for (String name : debugLoggers) {
            context.getLogger(name).setLevel(Level.DEBUG);
        }
    }

    /** A listener for the application that re-attaches the capture once Spring Boot has re-initialized logging. */
    ApplicationListener<ApplicationEnvironmentPreparedEvent> reattachment() {
        return new Reattachment();
    }

    /**
     * A random value for a test to hide (a password) or to find (a control marker): {@code kind}, a dash and 24 hex
     * digits, so that it occurs in the output only where the run put it.
     */
    static String randomSecret(String kind) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return kind + "-" + HexFormat.of().formatHex(random);
    }

    /** Adds a text the run produced outside logs and consoles, such as an HTTP response or an exception. */
    void add(String label, String text) {
        added.append("==== ").append(label).append('\n').append(text).append('\n');
    }

    /** Adds {@code failure} with its stack trace and every cause, as a log would print it. */
    void add(String label, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        add(label, trace.toString());
    }

    /** GETs {@code url}, adds the response, and returns its body once its status is {@code status}. */
    String httpGet(String url, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        add("GET " + url + " -> " + response.statusCode(), response.body());
        if (response.statusCode() != status) {
            throw new AssertionError("GET " + url + " answered " + response.statusCode() + ", not " + status + ": "
                    + response.body());
        }
        return response.body();
    }

    /** Prints the plans of {@code jobs}' current queries ({@code explain(true)}) and adds their last progress. */
    void addPlansAndProgress(List<SupervisedJob> jobs) {
        for (SupervisedJob supervised : jobs) {
            Job job = supervised.current();
            job.query().explain(true);
            StreamingQueryProgress progress = job.query().lastProgress();
            add("last progress of " + job.featureSet(), progress == null ? "none" : progress.prettyJson());
        }
    }

    /** Everything captured so far. */
    String text() {
        String consoleText;
        synchronized (console) {
            consoleText = console.toString(StandardCharsets.UTF_8);
        }
        return "==== console\n" + consoleText + "\n==== logs\n" + logs + "\n==== spark\n" + spark + "\n" + added;
    }

    /** The length of one section, to check that it captured anything. */
    int sparkLength() {
        return spark.length();
    }

    /** Where {@code secret} occurs, each with 80 characters of context either side (the secret itself masked). */
    List<String> occurrences(String secret) {
        return occurrences(text(), secret);
    }

    /**
     * Where each of {@code secrets} occurs, by its label (never by its value, which an assertion would print), each
     * place with 80 characters of context either side (the secret itself masked); labels of secrets found nowhere map
     * to an empty list.
     */
    Map<String, List<String>> occurrences(Map<String, String> secrets) {
        String text = text();
        Map<String, List<String>> found = new LinkedHashMap<>();
        secrets.forEach((label, secret) -> found.put(label, occurrences(text, secret)));
        return found;
    }

    private static List<String> occurrences(String text, String secret) {
        List<String> found = new ArrayList<>();
        for (int i = text.indexOf(secret); i >= 0; i = text.indexOf(secret, i + 1)) {
            found.add(text.substring(Math.max(0, i - 80), Math.min(text.length(), i + secret.length() + 80))
                    .replace(secret, "<SECRET>"));
        }
        return found;
    }

    /** Writes everything captured to {@code file}, for a person to read after the test. */
    void writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        // A null level puts the logger back to inheriting its parent's.
        originalLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
        session.sparkContext().removeSparkListener(sqlListener);
        session.listenerManager().unregister(executionListener);
        session.streams().removeListener(progressListener);
    }

    /** Re-attaches the capture once Spring Boot has re-initialized logging (before the context is created). */
    private final class Reattachment implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            attachToLogging();
        }
    }

    /** Every logging event: level, logger, thread, message, and the throwable with its causes and frames. */
    private final class Appender extends AppenderBase<ILoggingEvent> {
        static final String NAME = "freshet-run-output";

        Appender() {
            setName(NAME);
        }

        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line = new StringBuilder().append(event.getLevel()).append(' ').append(event.getLoggerName())
                    .append(" [").append(event.getThreadName()).append("] ").append(event.getFormattedMessage())
                    .append('\n');
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append("  caused by ").append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    line.append("    ").append(frame.getSTEAsString()).append('\n');
                }
                for (IThrowableProxy suppressed : t.getSuppressed()) {
                    line.append("  suppressed ").append(suppressed.getClassName()).append(": ")
                            .append(suppressed.getMessage()).append('\n');
                }
            }
            logs.append(line);
        }
    }

    /** The physical plan and description of every SQL execution (Delta writes, Redis passes, admin queries). */
    private final class SqlListener extends SparkListener {
        @Override
        public void onOtherEvent(SparkListenerEvent event) {
            if (event instanceof SparkListenerSQLExecutionStart start) {
                spark.append("-- SQL execution ").append(start.executionId()).append(": ").append(start.description())
                        .append('\n').append(start.details()).append('\n').append(start.physicalPlanDescription())
                        .append('\n');
            }
        }
    }

    /** Parsed, analysed, optimised and physical plans of every action, the micro-batches' included. */
    private final class ExecutionListener implements QueryExecutionListener {
        @Override
        public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
            spark.append("-- action ").append(funcName).append('\n').append(qe).append('\n');
        }

        @Override
        public void onFailure(String funcName, QueryExecution qe, Exception exception) {
            StringWriter trace = new StringWriter();
            exception.printStackTrace(new PrintWriter(trace));
            spark.append("-- failed action ").append(funcName).append('\n').append(qe).append('\n').append(trace)
                    .append('\n');
        }
    }

    /** Start, progress and end of every streaming query, as JSON. */
    private final class ProgressListener extends StreamingQueryListener {
        @Override
        public void onQueryStarted(QueryStartedEvent event) {
            spark.append("-- query started ").append(event.name()).append(' ').append(event.id()).append('\n');
        }

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
            spark.append("-- progress\n").append(event.progress().json()).append('\n');
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {
            spark.append("-- query terminated ").append(event.id()).append(' ')
                    .append(event.exception().isDefined() ? event.exception().get() : "").append('\n');
        }
    }

    /** Writes to the original stream and the capture. */
    private static final class Tee extends OutputStream {
        private final PrintStream original;
        private final ByteArrayOutputStream capture;

        Tee(PrintStream original, ByteArrayOutputStream capture) {
            this.original = original;
            this.capture = capture;
        }

        @Override
        public void write(int b) {
            original.write(b);
            synchronized (capture) {
                capture.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (capture) {
                capture.write(b, off, len);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
