/**
 * A picker of counterparties from the directory, by their registered Chinese name: the buyer of an invoice, the
 * supplier a voucher goes to, a bank or supplier of a program. The directory is small (a chain's members), so one
 * page of the largest size the API gives is the whole of it; my own organisation is left out.
 */
import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";

export type Organisation = paths["/orgs"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type Kind = Organisation["kinds"][number];

export function useOrganisations() {
  return useQuery({ queryKey: ["orgs", "directory"], queryFn: () => unwrap(api.GET("/orgs", { params: { query: { limit: 100 } } })) });
}

interface Props {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  kinds: Kind[];
  "aria-label"?: string;
  exclude?: readonly string[];
}

export function OrgSelect({ kinds, exclude = [], ...rest }: Props) {
  const access = useAccess();
  const orgs = useOrganisations();
  const options = (orgs.data?.items ?? [])
    .filter((o) => o.id !== access.me.organisation.id && o.status === "active" && !exclude.includes(o.id) && o.kinds.some((k) => kinds.includes(k)))
    .map((o) => ({ value: o.id, label: o.name }));
  return <Select {...rest} showSearch={{ optionFilterProp: "label" }} loading={orgs.isPending} options={options} style={{ width: "100%" }} />;
}
