/**
 * Built-in PyPI indexes. Public mirrors come and go within months, so this list is only a
 * set of candidates: every run probes them before trusting one.
 */
export const BUILTIN_MIRRORS: Readonly<Record<string, string>> = {
  pypi: 'https://pypi.org/simple',
  tuna: 'https://pypi.tuna.tsinghua.edu.cn/simple',
  bfsu: 'https://mirrors.bfsu.edu.cn/pypi/web/simple',
  ustc: 'https://mirrors.ustc.edu.cn/pypi/simple',
  nju: 'https://mirror.nju.edu.cn/pypi/web/simple',
  sjtu: 'https://mirror.sjtu.edu.cn/pypi/web/simple',
  aliyun: 'https://mirrors.aliyun.com/pypi/simple',
  tencent: 'https://mirrors.cloud.tencent.com/pypi/simple',
  huawei: 'https://mirrors.huaweicloud.com/repository/pypi/simple'
}

export const AUTO_MIRRORS = 'auto'
