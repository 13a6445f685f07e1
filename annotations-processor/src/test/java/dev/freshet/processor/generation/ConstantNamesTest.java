package dev.freshet.processor.generation;

import static org.assertj.core.api.Assertions.assertThat;

import javax.lang.model.SourceVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The constant each feature gets in a generated provider. */
class ConstantNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "avg_amount_1h             | AVG_AMOUNT_1H",
        "had_remote_transaction_7d | HAD_REMOTE_TRANSACTION_7D",
        "lastAmount                | LAST_AMOUNT",
        "HTTPStatus                | HTTP_STATUS",
        "amount2Usd                | AMOUNT2_USD",
        "last amount               | LAST_AMOUNT",
        "a-b.c                     | A_B_C",
        "7d_count                  | _7D_COUNT",
        "_                         | __",
        "café                      | CAF_",
        "feature_set               | FEATURE_SET_",
        "spec                      | SPEC_",
        "index_resource            | INDEX_RESOURCE_",
        "a*/b                      | A__B",
    })
    void namesAFeaturesConstantInUpperSnakeCase(String feature, String constant) {
        assertThat(ConstantNames.of(feature)).isEqualTo(constant);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "1", "\u00e9", "--", "class", "true", "null", "a b", "\\u0041", "x\u0000y"})
    void everyConstantIsAJavaName(String feature) {
        assertThat(SourceVersion.isName(ConstantNames.of(feature))).as(ConstantNames.of(feature)).isTrue();
    }
}
