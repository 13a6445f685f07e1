package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** {@code @FeatureSetMetadata}'s tags: each error on the tag's literal, saying how to fix it. */
class MetadataValidationTest {

    private static Declaration tagged(String tags) {
        return aFeatureSet().annotate("@FeatureSetMetadata(owner = \"risk-team\",\n    tags = {" + tags + "})");
    }

    @Test
    void validTagsCompileWithoutWarnings() {
        assertThat(compile(tagged("\"fraud\", \"payments-v2\", \"pii-free\"").file())).succeededWithoutWarnings();
    }

    @Test
    void anUpperCaseTagIsReportedOnItsLiteralWithALowerCaseSuggestion() {
        Declaration d = tagged("\"fraud\", \"Payments\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        int line = d.lineOf("tags = {");
        assertThat(c).hadErrorContaining("[FreshetTag] tag \"Payments\" starts with 'P'; a tag starts with a lower-case"
                + " letter: write a lower-case word of letters, digits and hyphens, starting with a letter, at most 40"
                + " characters, such as \"payments\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"Payments\""));
    }

    @Test
    void aTagWithASpaceIsReportedWithAHyphenatedSuggestion() {
        Declaration d = tagged("\"card fraud\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        int line = d.lineOf("tags = {");
        assertThat(c).hadErrorContaining("[FreshetTag] tag \"card fraud\" contains ' ' at index 4; only lower-case"
                + " letters, digits and hyphens are allowed: write a lower-case word of letters, digits and hyphens,"
                + " starting with a letter, at most 40 characters, such as \"card-fraud\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"card fraud\""));
    }

    @Test
    void anEmptyTagIsRefused() {
        Declaration d = tagged("\"fraud\", \"\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        int line = d.lineOf("tags = {");
        assertThat(c).hadErrorContaining("[FreshetTag] tag \"\" is empty: write a lower-case word")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"\""));
    }

    @Test
    void aTagLongerThanFortyCharactersIsRefused() {
        String tag = "a".repeat(41);
        Declaration d = tagged("\"" + tag + "\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        int line = d.lineOf("tags = {");
        assertThat(c).hadErrorContaining("[FreshetTag] tag \"" + tag + "\" has 41 characters; at most 40 are allowed:"
                + " write a lower-case word of letters, digits and hyphens, starting with a letter, at most 40"
                + " characters, such as \"" + "a".repeat(40) + "\"")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"aaa"));
    }

    @Test
    void aTagListedTwiceIsAnErrorOnTheSecond() {
        Declaration d = tagged("\"fraud\", \"payments\", \"fraud\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        int line = d.lineOf("tags = {");
        String text = d.lines().get(line - 1);
        long second = text.lastIndexOf("\"fraud\"") + 1;
        assertThat(c).hadErrorContaining("[FreshetTag] tag \"fraud\" is listed twice: list each tag once")
                .inFile(d.file()).onLine(line).atColumn(second);
    }
}
