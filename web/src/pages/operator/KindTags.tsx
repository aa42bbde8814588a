import { Tag } from "antd";
import { useT } from "../../i18n/language";
import type { MessageKey } from "../../i18n/keys";

const KNOWN = new Set(["operator", "regulator", "core", "supplier", "bank", "warehouse", "guarantor", "insurer"]);

/** An organisation's kinds (核心企业, 供应商, …) as tags; a kind the console does not know shows as the API names it. */
export function KindTags({ kinds }: { kinds: readonly string[] }) {
  const t = useT();
  return (
    <>
      {kinds.map((k) => (
        <Tag key={k}>{KNOWN.has(k) ? t(`operator.kind.${k}` as MessageKey) : k}</Tag>
      ))}
    </>
  );
}
