package io.diffood.score.vectorization;

/** A bank row and its similarity to a query. */
public record Neighbour(int index, float similarity) {
}
