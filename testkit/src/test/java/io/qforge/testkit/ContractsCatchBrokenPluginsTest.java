package io.qforge.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import io.qforge.api.Calibrator;
import io.qforge.api.RoundMode;
import io.qforge.api.quant.CalibrationTarget;
import io.qforge.api.quant.QuantParams;
import io.qforge.api.quant.Range;
import io.qforge.api.quant.TensorObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contracts fail plugins that break them: each broken plugin here must be caught. */
class ContractsCatchBrokenPluginsTest {

    /** Keeps every batch and reads them all in result(): what "no activation retained" forbids. */
    static final class RetainingCalibrator implements Calibrator {
        @Override
        public String name() {
            return "retaining";
        }

        @Override
        public TensorObserver newObserver(CalibrationTarget target) {
            List<NDArray> kept = new ArrayList<>();
            return new TensorObserver() {
                @Override
                public void observe(NDArray batch) {
                    kept.add(batch);
                }

                @Override
                public QuantParams result() {
                    float max = 0;
                    for (NDArray a : kept) {
                        max = Math.max(max, a.abs().max().getFloat());
                    }
                    return target.scaleType().fromRange(new Range(-max, max), target.spec());
                }
            };
        }
    }

    /** Counts batches into its answer, so a stream and one shot differ. */
    static final class BatchCountingCalibrator implements Calibrator {
        @Override
        public String name() {
            return "Batch Counting";
        }

        @Override
        public TensorObserver newObserver(CalibrationTarget target) {
            return new TensorObserver() {
                private float max;

                @Override
                public void observe(NDArray batch) {
                    max += batch.abs().max().getFloat();
                }

                @Override
                public QuantParams result() {
                    return target.scaleType().fromRange(new Range(-max, max), target.spec());
                }
            };
        }
    }

    private static CalibratorContract contractFor(Calibrator calibrator) {
        CalibratorContract contract = new CalibratorContract() {
            @Override
            protected Calibrator calibrator() {
                return calibrator;
            }
        };
        contract.startManager();
        return contract;
    }

    @Test
    void aCalibratorThatKeepsActivationsFails() {
        CalibratorContract contract = contractFor(new RetainingCalibrator());
        try {
            assertThrows(Throwable.class, contract::resultDoesNotNeedTheObservedArrays);
        } finally {
            contract.closeManager();
        }
    }

    @Test
    void aCalibratorWhoseStreamDiffersFromOneShotFailsAndABadNameToo() {
        CalibratorContract contract = contractFor(new BatchCountingCalibrator());
        try {
            assertThrows(AssertionError.class, () -> contract.aStreamOfCopiesOfABatchGivesThatBatchsOneShotResult("gaussian"));
            assertThrows(AssertionError.class, contract::nameIsAConfigWord);
        } finally {
            contract.closeManager();
        }
    }

    @Test
    void aRoundModeThatSkipsAStepFails() {
        RoundModeContract skipping = new RoundModeContract() {
            @Override
            protected RoundMode roundMode() {
                return new RoundMode() {
                    @Override
                    public String name() {
                        return "skipping";
                    }

                    @Override
                    public float round(float x) {
                        return (float) Math.floor(x) - 1;
                    }

                    @Override
                    public NDArray round(NDArray x) {
                        return x.floor().sub(1);
                    }
                };
            }
        };
        assertThrows(AssertionError.class, skipping::integersStayPut);
        assertThrows(AssertionError.class, skipping::resultIsTheFloorOrTheCeiling);
    }
}
