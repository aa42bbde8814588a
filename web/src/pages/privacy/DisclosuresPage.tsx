/**
 * 披露记录: the invoices my organisation disclosed to banks, or a bank's received disclosures (every one for the
 * regulator and the operator), newest first, each checked field by field against the ledger as it stands now.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Empty, Space, Typography } from "antd";
import { api, unwrap } from "../../api/client";
import { Loading } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { DisclosureCard } from "./DisclosureCard";

export function DisclosuresPage() {
  const t = useT();
  const pages = useInfiniteQuery({
    queryKey: ["disclosures"],
    queryFn: ({ pageParam }) => unwrap(api.GET("/disclosures", { params: { query: { cursor: pageParam, limit: 10 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const disclosures = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("privacy.disclosures.title")}</Typography.Title>
      <Typography.Paragraph>{t("privacy.disclosures.intro")}</Typography.Paragraph>
      {pages.isError && <ProblemAlert error={pages.error} />}
      {pages.isPending && <Loading />}
      {pages.isSuccess && disclosures.length === 0 && <Empty description={t("privacy.disclosures.empty")} />}
      {disclosures.map((d) => (
        <DisclosureCard key={d.id} disclosure={d} />
      ))}
      {pages.hasNextPage && (
        <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
          {t("common.loadMore")}
        </Button>
      )}
    </Space>
  );
}
