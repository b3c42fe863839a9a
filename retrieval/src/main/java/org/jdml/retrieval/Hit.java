package org.jdml.retrieval;

/**
 * One search result.
 *
 * @param position the item's position in the indexed split (what {@code --item} names)
 * @param distance the Euclidean distance to the query
 * @param label the item's class label
 * @param className the class's name as the dataset knows it
 * @param source the item's file, or its place in the dataset
 */
public record Hit(int position, float distance, int label, String className, String source) {}
