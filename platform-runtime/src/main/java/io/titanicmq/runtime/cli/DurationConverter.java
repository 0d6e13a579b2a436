package io.titanicmq.runtime.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations the way the config files write them: {@code 500ms}, {@code 2.5s}, {@code 1m}. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return ConfigFactory.parseMap(Map.of("d", value)).getDuration("d");
        } catch (ConfigException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 2.5s, 1m)");
        }
    }
}
