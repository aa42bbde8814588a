import { Spin } from "antd";
import { useT } from "../i18n/language";

export function Loading() {
  const t = useT();
  return (
    <div style={{ padding: 48, textAlign: "center" }}>
      <Spin description={t("common.loading")}>
        <div style={{ minHeight: 40 }} />
      </Spin>
    </div>
  );
}
