package dev.freshet.processor.validation;

import dev.freshet.processor.model.FeatureSetDeclaration;
import dev.freshet.processor.model.SinkDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds cycles among the feature sets of a compilation through their sinks and sources: feature set A feeds B when
 * one of A's {@code @KafkaSink} topics is one of the topics of B's {@code @KafkaSource}, and a cycle
 * (A → B → … → A) would bring a sink's records back as its own input, for ever. Each cycle found is one
 * {@link Message#SINK_CYCLE} error on the {@code topic} of the sink that closes it, spelling the cycle from the feature
 * set it returns to.
 *
 * <p>The search is a depth-first walk over the feature sets in the order given (the order the processor met them),
 * each sink an edge: an edge back to a feature set on the current path closes a cycle, so a cycle is reported once,
 * on the edge that leads back to where the walk entered it. A feature set feeding itself is left to
 * {@link Message#SINK_TOPIC_OWN_SOURCE}, which {@link SinkValidator} reports. Where several sinks lead from one feature
 * set to another, the walk follows the first, and a cycle through another may show only once the reported one is
 * broken.
 */
public final class SinkCycleValidator {

    /**
     * A feature set as the search sees it.
     *
     * @param declaration  the feature set as written, its sinks with where their topics are written
     * @param sourceTopics the topics of its Kafka source
     */
    public record FeatureSet(FeatureSetDeclaration declaration, List<String> sourceTopics) {
        /** Copies the topics. */
        public FeatureSet {
            sourceTopics = List.copyOf(sourceTopics);
        }
    }

    /** One sink of a feature set writing a topic that another feature set reads. */
    private record Feed(int from, SinkDeclaration sink, int to) {
    }

    /** A validator of the sinks of all the feature sets of a compilation. */
    public SinkCycleValidator() {}

    /** The cycles among {@code featureSets}: one report with one error per cycle, about the closing feature set. */
    public List<ValidationReport<Void>> validate(List<FeatureSet> featureSets) {
        List<List<Feed>> feeds = new ArrayList<>();
        for (int from = 0; from < featureSets.size(); from++) {
            List<Feed> out = new ArrayList<>();
            for (SinkDeclaration sink : featureSets.get(from).declaration().sinks()) {
                for (int to = 0; to < featureSets.size(); to++) {
                    if (to != from && featureSets.get(to).sourceTopics().contains(sink.topic().value())) {
                        out.add(new Feed(from, sink, to));
                    }
                }
            }
            feeds.add(out);
        }
        Walk walk = new Walk(featureSets, feeds);
        for (int start = 0; start < featureSets.size(); start++) {
            if (walk.state[start] == Walk.NEW) {
                walk.visit(start);
            }
        }
        return walk.reports;
    }

    /** One depth-first walk: the state of each feature set, the feeds on the current path, the cycles found. */
    private static final class Walk {
        static final int NEW = 0;
        static final int ON_PATH = 1;
        static final int DONE = 2;

        final List<FeatureSet> featureSets;
        final List<List<Feed>> feeds;
        final int[] state;
        final List<Feed> path = new ArrayList<>();
        final List<ValidationReport<Void>> reports = new ArrayList<>();

        Walk(List<FeatureSet> featureSets, List<List<Feed>> feeds) {
            this.featureSets = featureSets;
            this.feeds = feeds;
            this.state = new int[featureSets.size()];
        }

        void visit(int at) {
            state[at] = ON_PATH;
            for (Feed feed : feeds.get(at)) {
                if (state[feed.to()] == ON_PATH) {
                    report(feed);
                } else if (state[feed.to()] == NEW) {
                    path.add(feed);
                    visit(feed.to());
                    path.remove(path.size() - 1);
                }
            }
            state[at] = DONE;
        }

        /** Reports the cycle that {@code closing} ends: the path from the feature set it leads back to, then it. */
        private void report(Feed closing) {
            int entry = 0;
            while (path.get(entry).from() != closing.to()) {
                entry++;
            }
            List<Feed> cycle = new ArrayList<>(path.subList(entry, path.size()));
            cycle.add(closing);
            String spelt = cycle.stream()
                    .map(f -> name(f.from()) + " (sink \"" + f.sink().name().value() + "\", topic "
                            + f.sink().topic().value() + ")")
                    .collect(Collectors.joining(" → ", "", " → " + name(closing.to())));
            FeatureSetDeclaration closer = featureSets.get(closing.from()).declaration();
            reports.add(ValidationReport.<Void>about(closer.element())
                    .error(closing.sink().topic(), Message.SINK_CYCLE, spelt).build());
        }

        private String name(int featureSet) {
            return featureSets.get(featureSet).declaration().effectiveName();
        }
    }
}
