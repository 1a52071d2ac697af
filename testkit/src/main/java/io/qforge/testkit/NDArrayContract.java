package io.qforge.testkit;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the contracts that feed NDArrays share: one PyTorch NDManager per test class, offline,
 * since nothing may be downloaded in tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NDArrayContract {

    private NDManager manager;

    @BeforeAll
    void startManager() {
        System.setProperty("ai.djl.offline", "true");
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    void closeManager() {
        manager.close();
    }

    NDManager manager() {
        return manager;
    }
}
