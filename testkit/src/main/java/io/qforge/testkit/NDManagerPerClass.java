package io.qforge.testkit;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One PyTorch NDManager per test class, offline, since nothing may be downloaded in tests: the base
 * of the contracts that feed NDArrays, and of a plugin's own tests that do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class NDManagerPerClass {

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

    protected NDManager manager() {
        return manager;
    }
}
