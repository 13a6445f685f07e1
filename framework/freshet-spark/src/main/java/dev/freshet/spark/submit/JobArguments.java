package dev.freshet.spark.submit;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.job.JobKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of {@link FreshetJobMain}: which job kind to run for which feature sets, and the configuration given
 * on the command line.
 *
 * <pre>{@code
 * --job online|offline|backfill      the job kind (required)
 * --feature-set <name>               a feature set; repeat for several
 * --all                              every feature set on the class path (instead of --feature-set)
 * --config <file>                    a .properties file of freshet.* and spring.* properties
 * --conf <key>=<value>               one property; wins over the file and the environment
 * }</pre>
 *
 * @param job         the job kind to run
 * @param featureSets the feature sets named, in the order given; empty with {@code all}
 * @param all         whether every feature set on the class path is meant
 * @param configFile  the properties file, if one was given
 * @param conf        the properties given with {@code --conf}, in the order given
 */
public record JobArguments(JobKind job, List<String> featureSets, boolean all, Optional<Path> configFile,
        Map<String, String> conf) {

    /** How to call the main class, for the message of a bad argument. */
    public static final String USAGE = "usage: FreshetJobMain --job online|offline|backfill"
            + " (--feature-set <name> [--feature-set <name> ...] | --all) [--config <file.properties>]"
            + " [--conf <key>=<value> ...]";

    /** Checks the parts and copies the collections. */
    public JobArguments {
        requireNonNull(job, "job");
        featureSets = List.copyOf(featureSets);
        requireNonNull(configFile, "configFile");
        conf = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(conf));
        if (all == !featureSets.isEmpty()) {
            throw new IllegalArgumentException("give either --all or at least one --feature-set");
        }
    }

    /**
     * Reads {@code args}.
     *
     * @throws IllegalArgumentException saying which argument is wrong and how to call the main class
     */
    public static JobArguments parse(List<String> args) {
        JobKind job = null;
        List<String> featureSets = new ArrayList<>();
        boolean all = false;
        Path configFile = null;
        Map<String, String> conf = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--job" -> {
                    if (job != null) {
                        throw bad("--job is given twice: run one job kind per application");
                    }
                    job = jobKind(value(args, i++));
                }
                case "--feature-set" -> {
                    String name = value(args, i++);
                    if (featureSets.contains(name)) {
                        throw bad("--feature-set " + name + " is given twice");
                    }
                    featureSets.add(name);
                }
                case "--all" -> all = true;
                case "--config" -> {
                    if (configFile != null) {
                        throw bad("--config is given twice: give one file, and single properties with --conf");
                    }
                    configFile = Path.of(value(args, i++));
                }
                case "--conf" -> {
                    String pair = value(args, i++);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw bad("--conf " + pair + " is not <key>=<value>, such as --conf"
                                + " freshet.checkpoint-root=s3a://bucket/checkpoints");
                    }
                    conf.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
                default -> throw bad("unknown argument \"" + arg + "\"");
            }
        }
        if (job == null) {
            throw bad("--job is missing");
        }
        if (all && !featureSets.isEmpty()) {
            throw bad("--all and --feature-set exclude each other: give one of them");
        }
        if (!all && featureSets.isEmpty()) {
            throw bad("no feature set: give --feature-set <name> (repeatable) or --all");
        }
        return new JobArguments(job, featureSets, all, Optional.ofNullable(configFile), conf);
    }

    private static String value(List<String> args, int i) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw bad(args.get(i) + " needs a value");
        }
        return args.get(i + 1);
    }

    private static JobKind jobKind(String text) {
        for (JobKind kind : JobKind.values()) {
            if (kind.label().equals(text.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw bad("--job " + text + " is not a job kind: use online, offline or backfill");
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException(why + "\n" + USAGE);
    }
}
