package io.qforge.plugin.calibrator;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One PyTorch NDManager per test class, closed after its last test. (testkit's NDManagerPerClass
 * is the same for plugin authors; testkit depends on this module, so its tests cannot use it.)
 */
abstract class ArraysPerClass {

    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }
}
