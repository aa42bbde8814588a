/**
 * The ledger accounts of frozen organisations, which the credit-flow graph marks. The directory pages by cursor;
 * the platform has tens of organisations, so every page is read.
 */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

export function useFrozenAccounts() {
  return useQuery({
    queryKey: ["orgs", "frozen-accounts"],
    queryFn: async () => {
      const frozen = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET("/orgs", { params: { query: { cursor, limit: 100 } } }));
        for (const o of page.items) if (o.status === "frozen") frozen.add(o.account.toLowerCase());
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return frozen;
    },
  });
}
