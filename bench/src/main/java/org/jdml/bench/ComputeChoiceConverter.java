package org.jdml.bench;

import picocli.CommandLine.ITypeConverter;

/** Reads {@code --compute} values. */
final class ComputeChoiceConverter implements ITypeConverter<ComputeChoice> {

    @Override
    public ComputeChoice convert(String value) {
        return ComputeChoice.parse(value);
    }
}
