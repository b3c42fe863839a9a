package org.jdml.runner.command;

import java.util.Optional;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.MetricDataset;

/** Which split of a dataset a command works on ({@code --split}). */
public enum SplitName {
    train, eval, gallery;

    /**
     * @param datasetName the dataset's name for the message, null for the run's own
     * @throws JdmlConfigurationException for {@code gallery} of a dataset that has none
     */
    public DataSplit of(MetricDataset dataset, String datasetName) {
        return switch (this) {
            case train -> dataset.training();
            case eval -> dataset.evaluation();
            case gallery -> dataset.gallery().orElseThrow(() -> new JdmlConfigurationException(
                    "--split gallery: dataset '" + Optional.ofNullable(datasetName).orElse("of the run")
                    + "' has no separate gallery"));
        };
    }
}
