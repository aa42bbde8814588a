/**
 * A long list, paged as the API pages it: the first page, then "load more" with the cursor the API gave. Shows
 * loading, empty and refused states the same way everywhere.
 */
import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";
import { Button, Space, Table, type TableProps } from "antd";
import { useT } from "../i18n/language";
import { ProblemAlert } from "./ProblemAlert";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface Props<T> extends Omit<TableProps<T>, "dataSource" | "pagination" | "loading"> {
  queryKey: QueryKey;
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>;
}

export function CursorTable<T extends object>({ queryKey, fetchPage, ...table }: Props<T>) {
  const t = useT();
  const q = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {q.isError && <ProblemAlert error={q.error} />}
      <Table<T> {...table} dataSource={rows} loading={q.isPending} pagination={false} scroll={{ x: "max-content" }} />
      {q.hasNextPage && (
        <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          {t("common.loadMore")}
        </Button>
      )}
    </Space>
  );
}
