package com.payonce.api.operator;

import java.util.List;

/**
 * A page of the operator queue, oldest first, without the items' trails (GET one item for it).
 *
 * @param hasMore more items match: ask again with {@code startingAfter} = the last item's id
 */
record OperatorItemsPage(List<OperatorItemResponse> items, boolean hasMore) {}
