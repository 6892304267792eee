package dev.jollama.server.sched;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunOptionsTest {

    @Test
    void defaultsAreOllamas() {
        RunOptions o = RunOptions.resolve(0, Map.of(), Map.of(), true, false, false);
        assertThat(o.load().numCtx()).isEqualTo(4096);
        assertThat(o.load().numBatch()).isEqualTo(512);
        assertThat(o.load().numGpu()).isEqualTo(-1);
        assertThat(o.load().draftNumPredict()).isZero();
        assertThat(o.load().numCtxAuto()).isTrue();
        assertThat(o.load().numBatchAuto()).isTrue();
        assertThat(o.numKeep()).isEqualTo(4);
        assertThat(o.seed()).isEqualTo(-1);
        assertThat(o.numPredict()).isEqualTo(-1);
        assertThat(o.topK()).isEqualTo(40);
        assertThat(o.topP()).isEqualTo(0.9f);
        assertThat(o.minP()).isZero();
        assertThat(o.typicalP()).isEqualTo(1f);
        assertThat(o.repeatLastN()).isEqualTo(64);
        assertThat(o.temperature()).isEqualTo(0.8f);
        assertThat(o.repeatPenalty()).isEqualTo(1f);
        assertThat(o.presencePenalty()).isZero();
        assertThat(o.frequencyPenalty()).isZero();
        assertThat(o.stop()).isEmpty();
    }

    @Test
    void requestOverModelOverDefaults() {
        Map<String, Object> model = Map.of("temperature", 0.2, "top_k", 10, "stop", List.of("foo", "bar"), "num_ctx", 512);
        Map<String, Object> request = Map.of("temperature", 0, "seed", 42);
        RunOptions o = RunOptions.resolve(0, model, request, true, false, false);
        assertThat(o.temperature()).isZero();
        assertThat(o.topK()).isEqualTo(10);
        assertThat(o.seed()).isEqualTo(42);
        assertThat(o.stop()).containsExactly("foo", "bar");
        assertThat(o.load().numCtx()).isEqualTo(512);
        assertThat(o.load().numCtxAuto()).isFalse();
    }

    @Test
    void environmentContextLengthIsNotAutomatic() {
        RunOptions o = RunOptions.resolve(8192, Map.of(), Map.of(), true, false, false);
        assertThat(o.load().numCtx()).isEqualTo(8192);
        assertThat(o.load().numCtxAuto()).isFalse();
    }

    @Test
    void integersFromJsonNumbersAreTruncatedAsGoDoes() {
        RunOptions o = RunOptions.resolve(0, Map.of(), Map.of("num_predict", 2.9, "top_k", -3.7), true, false, false);
        assertThat(o.numPredict()).isEqualTo(2);
        assertThat(o.topK()).isEqualTo(-3);
    }

    @Test
    void unknownAndNullOptionsAreIgnored() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("mirostat", 2);
        request.put("no_such_option", "x");
        request.put("temperature", null);
        RunOptions o = RunOptions.resolve(0, Map.of(), request, true, false, false);
        assertThat(o.temperature()).isEqualTo(0.8f);
    }

    @Test
    void wrongTypesAreOllamasErrors() {
        assertThatThrownBy(() -> RunOptions.resolve(0, Map.of(), Map.of("temperature", "hot"), true, false, false))
                .hasMessage("option \"temperature\" must be of type float32");
        assertThatThrownBy(() -> RunOptions.resolve(0, Map.of(), Map.of("num_ctx", true), true, false, false))
                .hasMessage("option \"num_ctx\" must be of type integer");
        assertThatThrownBy(() -> RunOptions.resolve(0, Map.of(), Map.of("stop", "x"), true, false, false))
                .hasMessage("option \"stop\" must be of type array");
        assertThatThrownBy(() -> RunOptions.resolve(0, Map.of(), Map.of("stop", List.of(1)), true, false, false))
                .hasMessage("option \"stop\" must be of an array of strings");
        assertThatThrownBy(() -> RunOptions.resolve(0, Map.of(), Map.of("use_mmap", 1), true, false, false))
                .hasMessage("option \"use_mmap\" must be of type boolean");
    }

    @Test
    void contextFloorsAndDraft() {
        assertThat(RunOptions.resolve(0, Map.of(), Map.of("num_ctx", 1), true, false, false).load().numCtx()).isEqualTo(4);
        assertThat(RunOptions.resolve(0, Map.of(), Map.of("num_ctx", 512), true, false, true).load().numCtx()).isEqualTo(2048);
        assertThat(RunOptions.resolve(0, Map.of(), Map.of(), true, true, false).load().draftNumPredict()).isEqualTo(4);
        assertThat(RunOptions.resolve(0, Map.of(), Map.of("draft_num_predict", 2), true, false, false).load().draftNumPredict()).isEqualTo(2);
    }

    @Test
    void loadTimeOptionsDecideReloads() {
        LoadSettings loaded = RunOptions.resolve(0, Map.of(), Map.of(), true, false, false).load().withNumCtx(2048);
        // automatic on both sides: the loaded context serves, whatever it became
        assertThat(RunOptions.resolve(0, Map.of(), Map.of(), true, false, false).load().servedBy(loaded, 2048)).isTrue();
        // an explicit num_ctx is compared after clamping to the training context
        assertThat(RunOptions.resolve(0, Map.of(), Map.of("num_ctx", 8192), true, false, false).load().servedBy(loaded, 2048)).isTrue();
        assertThat(RunOptions.resolve(0, Map.of(), Map.of("num_ctx", 1024), true, false, false).load().servedBy(loaded, 2048)).isFalse();
        assertThat(RunOptions.resolve(0, Map.of(), Map.of("num_thread", 1), true, false, false).load().servedBy(loaded, 2048)).isFalse();
        assertThat(RunOptions.resolve(0, Map.of(), Map.of("num_batch", 64), true, false, false).load().servedBy(loaded, 2048)).isFalse();
        assertThat(RunOptions.resolve(0, Map.of(), Map.of(), false, false, false).load().servedBy(loaded, 2048)).isFalse();
        assertThat(RunOptions.resolve(0, Map.of(), Map.of("num_gpu", -5), true, false, false).load().servedBy(loaded, 2048)).isTrue();
        // sampling options never reload
        assertThat(RunOptions.resolve(0, Map.of(), Map.of("temperature", 0, "top_k", 1), true, false, false).load().servedBy(loaded, 2048)).isTrue();
    }
}
