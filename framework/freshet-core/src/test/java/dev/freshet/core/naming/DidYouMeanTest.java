package dev.freshet.core.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {

    private static final List<String> COLUMNS = List.of("user_id", "amount", "is_remote", "timestamp");

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource({
        "amout,      amount",
        "amuont,     amount",
        "ammount,    amount",
        "user-id,    user_id",
        "userid,     user_id",
        "timestmap,  timestamp",
        "time_stamp, timestamp",
        "is_remot,   is_remote",
        "amnt,       amount",
        "AMOUNT,     amount",
        "Is_Remote,  is_remote",
    })
    void suggestsTheCandidateACloseTypoMeant(String typo, String expected) {
        assertThat(DidYouMean.closest(typo, COLUMNS)).hasValue(expected);
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource({
        "remote,     is_remote",
        "user,       user_id",
        "amount_usd, amount",
        "time,       timestamp",
        "user_id_hash, user_id",
    })
    void suggestsTheCandidateAWordOfItOrAWordOfWhichWasMeant(String name, String expected) {
        assertThat(DidYouMean.closest(name, COLUMNS)).hasValue(expected);
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource({
        "amt, amount",
        "ts,  timestamp",
        "usr, user_id",
        "isr, is_remote",
    })
    void suggestsTheCandidateAnAbbreviationStandsFor(String name, String expected) {
        assertThat(DidYouMean.closest(name, COLUMNS)).hasValue(expected);
    }

    @Test
    void prefersATypoToAWordToAnAbbreviation() {
        assertThat(DidYouMean.closest("amout", List.of("amt_total", "amount_usd", "amount"))).hasValue("amount");
        assertThat(DidYouMean.closest("user", List.of("u_s_e_r", "user_id"))).hasValue("user_id");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({"price", "country", "x", "merchant_id", "id", "mt", "zz_top"})
    void suggestsNothingWhenEveryCandidateIsFar(String name) {
        assertThat(DidYouMean.closest(name, COLUMNS)).isEmpty();
    }

    @Test
    void ignoresCaseButSuggestsTheCandidateAsSpelt() {
        assertThat(DidYouMean.closest("AMOUNT", List.of("Amount"))).hasValue("Amount");
    }

    @Test
    void suggestsNothingFromNoCandidates() {
        assertThat(DidYouMean.closest("amount", List.of())).isEmpty();
    }

    @Test
    void allowsOneEditInAShortName() {
        assertThat(DidYouMean.closest("ab", List.of("abc"))).hasValue("abc");
    }

    @Test
    void allowsNoMoreThanAThirdOfTheNamesLengthInEdits() {
        // "abcdef" allows 2 edits: "abXYef" is 2 away, "aXYZef" 3.
        assertThat(DidYouMean.closest("abcdef", List.of("abXYef"))).hasValue("abXYef");
        assertThat(DidYouMean.closest("abcdef", List.of("aXYZef"))).isEmpty();
    }

    @Test
    void prefersTheClosestCandidate() {
        assertThat(DidYouMean.closest("amounts", List.of("amount_usd", "amount"))).hasValue("amount");
    }

    @Test
    void prefersTheFirstOfEquallyCloseCandidates() {
        assertThat(DidYouMean.closest("cat", List.of("bat", "hat"))).hasValue("bat");
    }

    @Test
    void hintsWithASuffixForAMessage() {
        assertThat(DidYouMean.hint("amout", COLUMNS)).isEqualTo("; did you mean \"amount\"?");
    }

    @Test
    void hintsNothingWhenNothingIsClose() {
        assertThat(DidYouMean.hint("price", COLUMNS)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" to \"{1}\" is {2}")
    @CsvSource({
        "kitten,  sitting, 3",
        "'',      abc,     3",
        "abc,     '',      3",
        "'',      '',      0",
        "same,    same,    0",
        "flaw,    lawn,    2",
        "ab,      ba,      2",
    })
    void measuresLevenshteinDistance(String a, String b, int expected) {
        assertThat(DidYouMean.distance(a, b)).isEqualTo(expected);
    }
}
