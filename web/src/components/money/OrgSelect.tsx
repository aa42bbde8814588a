/** A choice of organisation from the directory (GET /orgs, of one kind if given), by its registered name; the form holds its id. */
import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { api, unwrap } from "../../api/client";
import type { OrgKind } from "../../access";

interface Props {
  id?: string;
  kind?: OrgKind;
  value?: string;
  onChange?: (value: string) => void;
  "aria-label"?: string;
}

export function OrgSelect({ kind, value, onChange, ...rest }: Props) {
  const orgs = useQuery({
    queryKey: ["orgs", kind ?? "all"],
    queryFn: () => unwrap(api.GET("/orgs", { params: { query: { kind, limit: 100 } } })),
  });
  return (
    <Select
      {...rest}
      showSearch={{ optionFilterProp: "label" }}
      loading={orgs.isPending}
      value={value}
      onChange={onChange}
      options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
    />
  );
}
