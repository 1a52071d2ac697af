package io.qforge.engine.config;

import com.google.inject.AbstractModule;
import io.qforge.engine.config.run.RunConfigValidator;
import io.qforge.engine.config.vitis.QuantizeConfigValidator;
import io.qforge.engine.plugin.ConfiguredBackbones;
import io.qforge.engine.rules.SpecResolution;
import io.qforge.engine.rules.TargetRulesFinder;

/** Binds config loading and validation; each is a singleton without state of its own. */
public final class ConfigModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(ConfiguredBackbones.class).asEagerSingleton();
        bind(SpecResolution.class).asEagerSingleton();
        bind(TargetRulesFinder.class).asEagerSingleton();
        bind(QuantizeConfigValidator.class).asEagerSingleton();
        bind(RunConfigValidator.class).asEagerSingleton();
        bind(ConfigLoader.class).asEagerSingleton();
    }
}
