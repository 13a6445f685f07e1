package dev.freshet.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of one Markdown file, each with the HTML comment right above it, if any: {@code <!-- file:
 * src/main/java/.../PageView.java -->} marks a file of the README's application, {@code <!-- run -->} the commands
 * that build and start it.
 */
final class MarkdownDocument {

    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*(.*?)\\s*-->\\s*$");

    /** One fenced block: where it starts (the line of its opening fence, 1-based), its language, marker and text. */
    record Block(Path document, int line, String language, Optional<String> marker, String text) {

        /** {@code README.md:42}, for messages. */
        String where() {
            return document.getFileName() + ":" + line;
        }

        /** The path after {@code file:} in the marker, if the block is a file of the application. */
        Optional<String> file() {
            return marker.filter(m -> m.startsWith("file:")).map(m -> m.substring("file:".length()).trim());
        }
    }

    private final Path path;
    private final List<Block> blocks;

    private MarkdownDocument(Path path, List<Block> blocks) {
        this.path = path;
        this.blocks = List.copyOf(blocks);
    }

    static MarkdownDocument read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).equals("```"); i++) {
                text.append(lines.get(i)).append('\n');
            }
            if (i == lines.size()) {
                throw new IllegalStateException(path + ":" + (start + 1) + ": the code block is never closed");
            }
            Optional<String> marker = Optional.empty();
            if (start > 0) {
                Matcher m = MARKER.matcher(lines.get(start - 1));
                if (m.matches()) {
                    marker = Optional.of(m.group(1));
                }
            }
            blocks.add(new Block(path, start + 1, open.group(1), marker, text.toString()));
        }
        return new MarkdownDocument(path, blocks);
    }

    Path path() {
        return path;
    }

    List<Block> blocks() {
        return blocks;
    }

    /** The blocks in {@code language}, such as {@code java}. */
    List<Block> blocks(String language) {
        return blocks.stream().filter(b -> b.language().equals(language)).toList();
    }

    /** The application's files: path → content, in document order. */
    Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        for (Block block : blocks) {
            block.file().ifPresent(file -> {
                if (files.put(file, block.text()) != null) {
                    throw new IllegalStateException(block.where() + ": a second block for " + file);
                }
            });
        }
        return files;
    }

    /** The block marked {@code <!-- run -->}. */
    Block run() {
        List<Block> run = blocks.stream().filter(b -> b.marker().filter("run"::equals).isPresent()).toList();
        if (run.size() != 1) {
            throw new IllegalStateException(path + " has " + run.size() + " blocks marked <!-- run -->, not one");
        }
        return run.get(0);
    }
}
